import { prepareDatabaseTemplates } from './database-templates.ts';

/** The `database` project's: the run's database templates, shared with the `graph` project when both run. */
export const setup = () => prepareDatabaseTemplates();
