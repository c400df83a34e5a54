/**
 * Where a metric is counted: all Pakistan, a province, a district, and, for
 * the crisis cells, a cell within its district. Each place is the sum of the
 * places under it, and the committee's figures are protected along that tree
 * (a district's figure is a member of its province's, which is a member of
 * Pakistan's), so that no figure can be recovered from its neighbours.
 */
import { BadUserInputError } from '#service';
import { PROVINCES, type Province } from '#reference-data';
// The districts of Pakistan by province, the administrative list every record's `district` is taken from.
import { DISTRICTS } from '#reference-data';

type PlaceLevel = 'PAKISTAN' | 'PROVINCE' | 'DISTRICT' | 'UNIT';

export interface Place {
  level: PlaceLevel;
  /** "PK", "PK/PUNJAB", "PK/PUNJAB/Lahore", "PK/PUNJAB/Lahore/<unit>". */
  key: string;
  province: Province | null;
  district: string | null;
  /** A crisis cell, say; null above that level. */
  unit: string | null;
}

export const PAKISTAN: Place = { level: 'PAKISTAN', key: 'PK', province: null, district: null, unit: null };
export const provincePlace = (province: Province): Place => ({
  level: 'PROVINCE',
  key: `PK/${province}`,
  province,
  district: null,
  unit: null,
});
export const districtPlace = (province: Province, district: string): Place => ({
  level: 'DISTRICT',
  key: `PK/${province}/${district}`,
  province,
  district,
  unit: null,
});
const unitPlace = (province: Province, district: string, unit: string): Place => ({
  level: 'UNIT',
  key: `PK/${province}/${district}/${unit}`,
  province,
  district,
  unit,
});

const PROVINCE_OF_DISTRICT: ReadonlyMap<string, Province> = new Map(DISTRICTS.map((district) => [district.name, district.province]));

/** The place a dashboard asks for: a district names its province; a province given with it must be that one. */
export function requestedPlace(province: string | null | undefined, district: string | null | undefined): Place {
  if (province != null && !(PROVINCES as readonly string[]).includes(province))
    throw new BadUserInputError(`"province" must be one of ${PROVINCES.join(', ')}.`);
  if (district == null) return province == null ? PAKISTAN : provincePlace(province as Province);
  const home = PROVINCE_OF_DISTRICT.get(district);
  if (!home)
    throw new BadUserInputError(
      `"district" must be a district of Pakistan, such as Lahore or Karachi South; "${district.slice(0, 64)}" is not one.`,
    );
  if (province != null && province !== home) throw new BadUserInputError(`${district} is in ${home}, not in ${province}.`);
  return districtPlace(home, district);
}

/**
 * The tree of places one set of figures covers: every province and district
 * of the administrative list, any other district the data names (under its
 * province), and the units the data names under their districts.
 */
export class PlaceTree {
  private readonly childrenByKey = new Map<string, Place[]>();
  private readonly byKey = new Map<string, Place>();

  constructor(found: readonly { province: Province; district: string; unit?: string | null }[] = []) {
    this.add(PAKISTAN, null);
    for (const province of PROVINCES) this.add(provincePlace(province), PAKISTAN);
    for (const district of DISTRICTS) this.add(districtPlace(district.province, district.name), provincePlace(district.province));
    for (const { province, district, unit } of found) {
      const districtNode = districtPlace(province, district);
      if (!this.byKey.has(districtNode.key)) this.add(districtNode, provincePlace(province));
      if (unit != null) {
        const unitNode = unitPlace(province, district, unit);
        if (!this.byKey.has(unitNode.key)) this.add(unitNode, districtNode);
      }
    }
    for (const children of this.childrenByKey.values()) children.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private add(place: Place, parent: Place | null): void {
    this.byKey.set(place.key, place);
    this.childrenByKey.set(place.key, []);
    if (parent) this.childrenByKey.get(parent.key)!.push(place);
  }

  /** Every place of the tree, parents before children. */
  places(): Place[] {
    return [...this.byKey.values()];
  }

  children(place: Place): Place[] {
    return this.childrenByKey.get(place.key) ?? [];
  }

  /** The place where rows are counted: the unit when rows have units, else the district. */
  leafOf(row: { province: Province; district: string; unit?: string | null }): Place {
    return row.unit != null ? unitPlace(row.province, row.district, row.unit) : districtPlace(row.province, row.district);
  }

  /** The place and every place above it. */
  lineage(place: Place): Place[] {
    const lineage = [place];
    if (place.level === 'UNIT') lineage.push(districtPlace(place.province!, place.district!));
    if (place.level === 'UNIT' || place.level === 'DISTRICT') lineage.push(provincePlace(place.province!));
    if (place.level !== 'PAKISTAN') lineage.push(PAKISTAN);
    return lineage;
  }

  /** The units at or under a place (crisis cells of a province, say). */
  unitsUnder(place: Place): Place[] {
    if (place.level === 'UNIT') return [place];
    return this.children(place).flatMap((child) => this.unitsUnder(child));
  }
}
