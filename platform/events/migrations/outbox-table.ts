import { Migration } from '@mikro-orm/migrations';
import { eventsSchema } from './events-schema.ts';

/**
 * The outbox of an emitting subgraph (outbox-event.entity.ts), in its schema,
 * its SQL written out and frozen: a change is a new migration here, listed by
 * each subgraph under a name of its own.
 */
export class EventsOutboxTable extends Migration {
  override up(): void {
    const schema = eventsSchema(this.config);
    this.addSql(`create table "${schema}"."outbox_event" (
  "id" uuid not null,
  "aggregatetype" text not null,
  "aggregateid" text not null,
  "type" text not null,
  "payload" jsonb not null,
  "aggregate_seq" bigint not null,
  "preceding" jsonb not null,
  "occurred_at" timestamptz not null,
  "state" text not null check ("state" in ('PENDING', 'DELIVERED', 'PARKED')),
  "attempts" int not null default 0,
  "next_attempt_at" timestamptz not null,
  "last_error" text null,
  "delivered_at" timestamptz null,
  constraint "outbox_event_pkey" primary key ("id")
);`);
    this.addSql(
      `alter table "${schema}"."outbox_event" add constraint "outbox_event_aggregate_seq_unique" unique ("aggregatetype", "aggregateid", "aggregate_seq");`,
    );
    this.addSql(`create index "outbox_event_due_index" on "${schema}"."outbox_event" ("next_attempt_at") where state = 'PENDING';`);
    this.addSql(`create index "outbox_event_undelivered_index" on "${schema}"."outbox_event" ("occurred_at") where state <> 'DELIVERED';`);
  }

  override down(): void {
    this.addSql(`drop table if exists "${eventsSchema(this.config)}"."outbox_event";`);
  }
}
