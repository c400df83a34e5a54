/**
 * The one operation the committee's dashboard page sends: every figure it draws, each with its suppression
 * reason, and each section's `csv` (downloaded as the graph wrote it, never rebuilt in the browser).
 * Served to the browser as a module of its own, and imported by the tests that measure it.
 */
const COUNT = '{ value suppressed }';
const SHARE = `{ part ${COUNT} whole ${COUNT} share ${COUNT} }`;
const DISTRIBUTION = `{ observations ${COUNT} median ${COUNT} p90 ${COUNT} }`;
const CELLS = `{ key count ${COUNT} }`;

export const DASHBOARD_PAGE_QUERY = /* GraphQL */ `
  query CommitteeDashboardPage($period: String!, $province: Province, $district: String, $granularity: MetricGranularity) {
    committeeDashboard(period: $period, province: $province, district: $district, granularity: $granularity) {
      id period { label } province district granularity smallCountThreshold
      attritionFunnel { stages { stage count ${COUNT} stoppedBefore ${COUNT} shareOfReported ${COUNT} shareOfPrevious ${COUNT} } csv }
      cases {
        reports ${COUNT} byPeriod ${CELLS} byCategory ${CELLS} childSurvivors ${SHARE} withFir ${SHARE}
        medicoLegalExam { examined ${SHARE} hoursToExam ${DISTRIBUTION} targetHours withinTarget ${SHARE} }
        csv
      }
      courts {
        trialsFiled ${COUNT} byPeriod ${CELLS} decided ${SHARE} pending ${SHARE} convictions ${SHARE}
        daysToVerdict ${DISTRIBUTION} targetDays decidedWithinTarget ${SHARE}
        csv
      }
      register {
        registrations ${COUNT} notifications ${COUNT}
        compliance { asOf activeRegistrants ${COUNT} byStatus ${CELLS} overdue ${SHARE} nonCompliant ${SHARE} }
        csv
      }
      crisisCells {
        visits ${COUNT} childSurvivors ${SHARE} capacityUse ${COUNT}
        cells { cell { name district } visits ${COUNT} capacity capacityUse ${COUNT} }
        csv
      }
    }
  }
`;
