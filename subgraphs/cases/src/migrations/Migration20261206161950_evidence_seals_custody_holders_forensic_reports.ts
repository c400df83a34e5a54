import { Migration } from '@mikro-orm/migrations';

export class Migration20261206161950_evidence_seals_custody_holders_forensic_reports extends Migration {
  override name = 'Migration20261206161950_evidence_seals_custody_holders_forensic_reports';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "cases"."evidence_item" add "seal_number" varchar(64) null, add "collector_name" varchar(128) null, add "seal_broken" boolean not null default false;`,
    );
    this.addSql(
      `alter table "cases"."evidence_item" add constraint "evidence_item_case_id_seal_number_unique" unique ("case_id", "seal_number");`,
    );
    // Items whose chain already records a broken seal are flagged as a hand-over through the graph would flag them.
    this.addSql(
      `update "cases"."evidence_item" set "seal_broken" = true where exists (select 1 from "cases"."custody_transfer" t where t."evidence_item_id" = "evidence_item"."id" and not t."seal_intact");`,
    );

    this.addSql(`alter table "cases"."custody_transfer" add "to_cell_id" uuid null;`);

    this.addSql(
      `alter table "cases"."medico_legal_exam" add "forensic_laboratory" varchar(128) null, add "forensic_report_number" varchar(64) null, add "dna_result" text null, add "forensic_findings" text null;`,
    );
    this.addSql(
      `alter table "cases"."medico_legal_exam" add constraint "medico_legal_exam_dna_result_check" check ("dna_result" in ('MATCHES_SUSPECT', 'EXCLUDES_SUSPECT', 'PROFILE_NO_REFERENCE', 'NO_PROFILE', 'NOT_TESTED'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "cases"."custody_transfer" drop column "to_cell_id";`);

    this.addSql(`alter table "cases"."evidence_item" drop constraint "evidence_item_case_id_seal_number_unique";`);
    this.addSql(`alter table "cases"."evidence_item" drop column "seal_number", drop column "collector_name", drop column "seal_broken";`);

    this.addSql(`alter table "cases"."medico_legal_exam" drop constraint "medico_legal_exam_dna_result_check";`);
    this.addSql(
      `alter table "cases"."medico_legal_exam" drop column "forensic_laboratory", drop column "forensic_report_number", drop column "dna_result", drop column "forensic_findings";`,
    );
  }
}
