/** A whole committee dashboard: every section of every subgraph, as a dashboard would ask for it (W5 of the speed bench, and bench/dashboard.ts). */
const COUNT = '{ value suppressed }';
const SHARE = `{ part ${COUNT} whole ${COUNT} share ${COUNT} }`;
const DISTRIBUTION = `{ observations ${COUNT} median ${COUNT} p90 ${COUNT} }`;
const CELLS = `{ key count ${COUNT} }`;

export const COMMITTEE_DASHBOARD_QUERY = /* GraphQL */ `
  query CommitteeDashboard($period: String!, $province: Province, $district: String) {
    committeeDashboard(period: $period, province: $province, district: $district) {
      id smallCountThreshold
      cases {
        reports ${COUNT} byPeriod ${CELLS} byCategory ${CELLS} byPlace ${CELLS} childSurvivors ${SHARE} withFir ${SHARE}
        medicoLegalExam { examined ${SHARE} hoursToExam ${DISTRIBUTION} withinTarget ${SHARE} }
        chargeSheet { filed ${SHARE} daysToChargeSheet ${DISTRIBUTION} }
      }
      attritionFunnel { stages { stage count ${COUNT} stoppedBefore ${COUNT} shareOfReported ${COUNT} } }
      courts {
        trialsFiled ${COUNT} byPeriod ${CELLS} byPlace ${CELLS} decided ${SHARE} pending ${SHARE} convictions ${SHARE}
        daysToVerdict ${DISTRIBUTION} decidedWithinTarget ${SHARE} hearings { listed ${COUNT} adjourned ${SHARE} upcoming ${COUNT} }
      }
      register {
        registrations ${COUNT} byPeriod ${CELLS} notifications ${COUNT} notificationsByKind ${CELLS}
        compliance { activeRegistrants ${COUNT} byStatus ${CELLS} overdue ${SHARE} nonCompliant ${SHARE} }
      }
      crisisCells {
        visits ${COUNT} byPeriod ${CELLS} byPlace ${CELLS} childSurvivors ${SHARE} services { service visits ${SHARE} }
        capacityUse ${COUNT} cells { cell { name } visits ${COUNT} capacity capacityUse ${COUNT} }
      }
    }
  }
`;
