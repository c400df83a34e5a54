import { describe, expect, it } from 'vitest';
import { enumValuesOf } from '../../../test/support/sdl-enums.ts';
import { CELL_SERVICE_VALUES, PROVINCE_VALUES, STAFF_ROLE_VALUES } from '../src/enums.ts';

describe('stored enum values', () => {
  it('equal the SDL enums', () => {
    expect([...CELL_SERVICE_VALUES].sort()).toEqual(enumValuesOf('crisis-cells', 'CellService'));
    expect([...STAFF_ROLE_VALUES].sort()).toEqual(enumValuesOf('crisis-cells', 'StaffRole'));
    expect([...PROVINCE_VALUES].sort()).toEqual(enumValuesOf('crisis-cells', 'Province'));
  });
});
