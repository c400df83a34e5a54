import { Migration } from '@mikro-orm/migrations';
import { eventsSchema } from './events-schema.ts';

/**
 * The inbox of a consuming subgraph (inbox-event.entity.ts), in its schema,
 * its SQL written out and frozen: a change is a new migration here, listed by
 * each subgraph under a name of its own.
 */
export class EventsInboxTable extends Migration {
  override up(): void {
    const schema = eventsSchema(this.config);
    this.addSql(`create table "${schema}"."inbox_event" (
  "event_id" uuid not null,
  "type" text not null,
  "source" text not null,
  "aggregatetype" text not null,
  "aggregateid" text not null,
  "aggregate_seq" bigint not null,
  "state" text not null check ("state" in ('APPLIED', 'PARKED')),
  "applied_at" timestamptz null,
  "envelope" jsonb null,
  "last_error" text null,
  constraint "inbox_event_pkey" primary key ("event_id")
);`);
    this.addSql(
      `create index "inbox_event_aggregate_index" on "${schema}"."inbox_event" ("source", "aggregatetype", "aggregateid", "aggregate_seq");`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "${eventsSchema(this.config)}"."inbox_event";`);
  }
}
