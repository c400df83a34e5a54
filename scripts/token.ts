/**
 * Prints a development JWT, alone on stdout:
 *   npm run token -- --agency SSOIU --province PUNJAB --sub officer-1 --unit <id> --roles investigator
 */
import { parseArgs } from 'node:util';
import { mintDevToken, type DevIdentity } from '#identity';
import { tokenSettingsFromEnv } from '#identity';
import { AGENCIES, PROVINCES, isAgency, isProvince } from '#identity';

const usage = `usage: npm run token -- --agency <${AGENCIES.filter((a) => a !== 'PUBLIC').join('|')}>
  [--province <${PROVINCES.join('|')}>] [--district NAME] [--sub ID] [--cell ID] [--unit ID] [--court ID]
  [--roles a,b] [--expires 8h]`;

const parseOptions = () =>
  parseArgs({
    options: {
      agency: { type: 'string' },
      province: { type: 'string' },
      district: { type: 'string' },
      sub: { type: 'string' },
      cell: { type: 'string' },
      unit: { type: 'string' },
      court: { type: 'string' },
      roles: { type: 'string' },
      expires: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
let values: ReturnType<typeof parseOptions>['values'];
try {
  ({ values } = parseOptions());
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const agency = values.agency?.toUpperCase();
if (!isAgency(agency) || agency === 'PUBLIC') {
  console.error(`${agency ? `unknown agency "${agency}"` : '--agency is required'} (PUBLIC needs no token)\n${usage}`);
  process.exit(2);
}
const province = values.province?.toUpperCase();
if (province !== undefined && !isProvince(province)) {
  console.error(`unknown province "${province}"\n${usage}`);
  process.exit(2);
}
// jose reads "8h", "30m", "7d" and the like; anything else would surface as its stack trace.
if (
  values.expires !== undefined &&
  !/^\d+\s?(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i.test(values.expires)
) {
  console.error(`--expires must be a duration such as 30m, 8h or 7d, got "${values.expires}"\n${usage}`);
  process.exit(2);
}
const identity: DevIdentity = {
  agency,
  sub: values.sub,
  province,
  district: values.district,
  cellId: values.cell,
  unitId: values.unit,
  courtId: values.court,
  roles: values.roles
    ? values.roles
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean)
    : [],
  expiresIn: values.expires,
};
process.stdout.write(`${await mintDevToken(tokenSettingsFromEnv(), identity)}\n`);
