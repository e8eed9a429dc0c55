import { describe, expect, it, vi } from 'vitest';
import { isBlank, normaliseQuestion } from '../../src/search/normalise.js';

describe('normaliseQuestion', () => {
  it('turns Traditional Chinese into Simplified', () => {
    expect(normaliseQuestion('勞模評選什麼時候開始準備?')).toBe('劳模评选什么时候开始准备?');
  });

  it('strips a leading DingTalk @name and Slack mentions and broadcasts', () => {
    expect(normaliseQuestion('@政策小助手  欠薪 怎么处理??')).toBe('欠薪 怎么处理?');
    expect(normaliseQuestion('<@U012AB3CD> <!channel> 欠薪怎么办')).toBe('欠薪怎么办');
  });

  it('strips a bot name glued to the question, a mention after it, and a bare mention', () => {
    expect(normaliseQuestion('@政策小助手欠薪怎么办')).toBe('欠薪怎么办');
    expect(normaliseQuestion('欠薪怎么办@政策小助手')).toBe('欠薪怎么办');
    expect(normaliseQuestion('＠政策小助手　欠薪怎么办')).toBe('欠薪怎么办');
    expect(normaliseQuestion('@政策小助手')).toBe('');
  });

  it('drops emoji, URLs and control characters and folds full-width forms', () => {
    expect(normaliseQuestion('👍🏻欠薪\u0000怎么办\u0007 https://example.com/x ？？')).toBe('欠薪 怎么办 ?');
  });

  it('leaves nothing searchable in emoji-only or punctuation-only input', () => {
    expect(isBlank(normaliseQuestion('😀😀🎉'))).toBe(true);
    expect(isBlank(normaliseQuestion('???!!!'))).toBe(true);
  });

  it.each([
    ['U+200B zero width space', '\u200b'],
    ['U+200C zero width non-joiner', '\u200c'],
    ['U+2060 word joiner', '\u2060'],
    ['U+FEFF byte order mark', '\ufeff'],
    ['U+00AD soft hyphen', '\u00ad'],
    ['U+180E Mongolian vowel separator', '\u180e'],
  ])('removes an invisible %s instead of turning it into a space', (_name, invisible) => {
    expect(normaliseQuestion(`讲话提了哪三${invisible}点要求?`)).toBe('讲话提了哪三点要求?');
  });
});

describe('simplify, knowing which characters mark a text OpenCC changes', () => {
  it('converts every character, and every word of the converter, exactly as OpenCC alone does', async () => {
    vi.resetModules();
    const plain = await import('../../src/search/normalise.js');
    vi.resetModules();
    const guarded = await import('../../src/search/normalise.js');
    const marks = guarded.conversionMarks();
    expect(marks).toBeDefined();
    guarded.useConversionMarks(marks as Uint32Array);
    const { Locale } = await import('opencc-js/t2cn');
    const dictionaries = JSON.stringify((Locale as { configs: Record<string, unknown> }).configs.t2s);
    const words = [...dictionaries.matchAll(/[\p{Script=Han}]+/gu)].map((m) => m[0]);
    const texts = ['勞模評選什麼時候開始準備?', '乾隆年間的計畫', '干部队伍建设', '𠀋𡈽 emoji 😀 ok', ...words];
    for (let point = 0x20; point < 0x30000; point++) {
      if (point < 0xd800 || point > 0xdfff) texts.push(String.fromCodePoint(point));
    }
    const differ = texts.filter((t) => guarded.simplify(t) !== plain.simplify(t));
    expect(differ).toEqual([]);
    expect(words.length).toBeGreaterThan(1_000);
    // The point of it: Simplified text needs no converter.
    const simplified = [...'工会组织要及早启动准备劳模评选什么时候'];
    expect(simplified.filter((c) => marks?.includes(c.codePointAt(0) as number))).toEqual([]);
  });
});
