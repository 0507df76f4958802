import { describe, expect, it } from 'vitest';
import { formatSize } from './labels.js';

describe('formatSize', () => {
  it('names sizes in steps of 1024', () => {
    expect(formatSize(532, 'en')).toBe('532 byte');
    expect(formatSize(1536, 'en')).toBe('1.5 kB');
    expect(formatSize(50 * 1024 * 1024, 'en')).toBe('50 MB');
    expect(formatSize(3 * 1024 ** 4, 'en')).toBe('3,072 GB');
  });
});
