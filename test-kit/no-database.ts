/**
 * The `unit` project's setup file: a test beside the code it tests runs once,
 * on no database, so one that opens a database fails here instead of quietly
 * never running on PostgreSQL. Such a test belongs in a `test/` folder (see
 * README, Development), where it runs on PGlite and again on PostgreSQL.
 */
import { PGlite } from '@electric-sql/pglite';

const refuse = () => {
  throw new Error(
    'a unit test opened a database: tests that touch one live in a test/ folder, and run on PGlite and on PostgreSQL (README, Development)',
  );
};

delete process.env.TEST_DATABASE_URL;
delete process.env.DATABASE_URL;
// How MikroORM opens PGlite, and what any direct use of an instance goes through.
Object.assign(PGlite, { create: refuse });
for (const method of ['query', 'exec', 'transaction'] as const)
  Object.defineProperty(PGlite.prototype, method, { value: refuse, configurable: true, writable: true });
