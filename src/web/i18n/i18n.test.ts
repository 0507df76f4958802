import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';

/** Every leaf of a resource tree as [dotted key, value]. */
function leaves(tree: object, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]): [string, unknown][] =>
    value !== null && typeof value === 'object'
      ? leaves(value as object, `${prefix}${key}.`)
      : [[`${prefix}${key}`, value]],
  );
}

describe('translations', () => {
  it('zh-CN and en have the same keys', () => {
    const keys = (tree: object) =>
      leaves(tree)
        .map(([key]) => key)
        .sort();
    expect(keys(en)).toEqual(keys(zhCN));
  });

  it.each([
    ['zh-CN', zhCN],
    ['en', en],
  ])('%s has no empty strings', (_language, tree) => {
    for (const [key, value] of leaves(tree)) {
      expect(typeof value === 'string' && value.trim() !== '', key).toBe(true);
    }
  });
});
