import type { OrganisationInput } from '../../src/contract/registry.js';

let counter = 0;

/** Complete organisation fields as the repositories store them, with overrides. */
export function organisationFields(
  overrides: Partial<OrganisationInput> = {},
): Required<OrganisationInput> {
  counter++;
  return {
    externalId: `test-org-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    kind: 'operator',
    parentId: null,
    nameZh: `测试单位${counter}`,
    nameEn: `Test Operator ${counter}`,
    sector: 'energy',
    region: 'CN-GD',
    country: 'CN',
    cii: { designated: false, department: null, date: null, legalBasis: null },
    remit: null,
    timezone: 'Asia/Shanghai',
    language: 'zh-CN',
    externalIds: {},
    ...overrides,
  };
}
