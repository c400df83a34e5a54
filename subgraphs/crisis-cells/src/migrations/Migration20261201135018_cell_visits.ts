import { Migration } from '@mikro-orm/migrations';

export class Migration20261201135018_cell_visits extends Migration {
  override name = 'Migration20261201135018_cell_visits';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "crisis_cells"."cell_visit" ("id" uuid not null, "cell_id" uuid not null, "arrived_at" timestamptz not null, "child_survivor" boolean not null, "services" text[] not null, primary key ("id"));`,
    );
    this.addSql(`create index "cell_visit_arrived_at_index" on "crisis_cells"."cell_visit" ("arrived_at");`);
    this.addSql(`create index "cell_visit_cell_id_arrived_at_index" on "crisis_cells"."cell_visit" ("cell_id", "arrived_at");`);

    this.addSql(
      `alter table "crisis_cells"."cell_visit" add constraint "cell_visit_cell_id_foreign" foreign key ("cell_id") references "crisis_cells"."crisis_cell" ("id");`,
    );
    this.addSql(
      `alter table "crisis_cells"."cell_visit" add constraint "cell_visit_services_check" check ("services" <@ array['MEDICAL_TREATMENT'::text, 'MEDICO_LEGAL_EXAMINATION'::text, 'FORENSIC_EVIDENCE_COLLECTION'::text, 'PSYCHOLOGICAL_COUNSELLING'::text, 'LEGAL_AID'::text, 'POLICE_REPORTING'::text, 'SHELTER_REFERRAL'::text, 'CHILD_PROTECTION'::text]);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "crisis_cells"."cell_visit" cascade;`);
  }
}
