import { describe, expect, it } from 'vitest';
import { asciiJson } from '../src/reply.js';

describe('asciiJson', () => {
  it('writes any value in ASCII alone, and reads back as the same value', () => {
    const value = { text: '劳模评选“及早”准备😀', marks: [[0, 2]], note: 'é\u007f\u2028', plain: 'abc' };
    const json = asciiJson(value);
    expect(/[^ -~]/.test(json)).toBe(false);
    expect(JSON.parse(json)).toEqual(value);
    expect(json).toContain('\\u52b3\\u6a21');
    // The emoji is a surrogate pair, written as two escapes.
    expect(json).toContain('\\ud83d\\ude00');
    expect(asciiJson({ plain: 'abc' })).toBe('{"plain":"abc"}');
  });
});
