import { describe, expect, it } from 'vitest';
import { splitClauses, splitSentences } from '../../src/knowledge/sentences.js';

describe('splitSentences', () => {
  it('splits on Chinese and ASCII terminators and keeps closing quotes with their sentence', () => {
    expect(splitSentences('他说:“好。”我们走吧!真的?好. 完')).toEqual([
      '他说:“好。”',
      '我们走吧!',
      '真的?',
      '好.',
      ' 完',
    ]);
  });

  it('does not split a decimal number or a list marker', () => {
    expect(splitSentences('增长3.5个百分点。')).toEqual(['增长3.5个百分点。']);
    expect(splitSentences('1. 会员每月缴纳会费。会费按月收缴。')).toEqual(['1. 会员每月缴纳会费。', '会费按月收缴。']);
    expect(splitSentences('截至2024. 此后')).toEqual(['截至2024.', ' 此后']);
  });

  it('loses no character', () => {
    const text = '一要加强党的领导,引导广大职工听党话、跟党走。引导职工群众听党话……是政治责任!';
    expect(splitSentences(text).join('')).toBe(text);
  });
});

describe('splitClauses', () => {
  it('splits on full-width and ASCII commas, colons, semicolons and the enumeration comma', () => {
    expect(splitClauses('甲,乙,丙;丁:戊、己')).toEqual(['甲,', '乙,', '丙;', '丁:', '戊、', '己']);
  });
});
