import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRobotMessage, stripLeadingMentions, toIncoming } from '../../adapters/dingtalk/robot-message.js';
import { fixtures } from '../support/paths.js';

const group = readFileSync(`${fixtures}/dingtalk-robot-group.json`, 'utf8');
const direct = readFileSync(`${fixtures}/dingtalk-robot-direct.json`, 'utf8');

describe('reading a DingTalk robot callback', () => {
  it('turns a group @-mention into a question from its sender', () => {
    expect(toIncoming(parseRobotMessage(group))).toEqual({
      text: '年底企业可能出现欠薪,工会该怎么做?',
      platform: 'dingtalk',
      userId: 'manager1234',
      conversationId: 'cidFakeGroup1234567890==',
      isDirect: false,
      mentionsBot: true,
      isPlatformAdmin: false,
      userName: '王芳',
      mentionsSomeoneElse: false,
    });
  });

  it('tells the core when a group message @-mentions someone besides the robot', () => {
    const withBoss = {
      ...JSON.parse(group),
      atUsers: [{ dingtalkId: '$:LWCP_v1:$robotFakeId' }, { dingtalkId: '$:boss' }],
    };
    expect(toIncoming(parseRobotMessage(JSON.stringify(withBoss)))?.mentionsSomeoneElse).toBe(true);
  });

  it('passes DingTalk’s admin flag on for a one-to-one chat', () => {
    expect(toIncoming(parseRobotMessage(direct))).toMatchObject({
      isDirect: true,
      isPlatformAdmin: true,
      userId: 'staff5678',
    });
  });

  it('strips the leading @name, including the U+2005 space DingTalk puts after it', () => {
    expect(stripLeadingMentions('@工会助手\u2005 讲话提了哪三点要求?')).toBe('讲话提了哪三点要求?');
    expect(stripLeadingMentions(' @助手 @张三 截止 ')).toBe('截止');
    expect(stripLeadingMentions('给 @张三 的问题')).toBe('给 @张三 的问题');
  });

  it('does not count a group message that @-mentions only someone else', () => {
    const message = { ...JSON.parse(group), isInAtList: false, atUsers: [{ dingtalkId: 'someone-else' }] };
    expect(toIncoming(parseRobotMessage(JSON.stringify(message)))?.mentionsBot).toBe(false);
  });

  it('ignores messages that are not text', () => {
    const picture = { ...JSON.parse(group), msgtype: 'picture', text: undefined, content: { downloadCode: 'x' } };
    expect(toIncoming(parseRobotMessage(JSON.stringify(picture)))).toBeUndefined();
  });

  it('names the field that is wrong in a malformed callback', () => {
    const broken = { ...JSON.parse(group), conversationType: '3' };
    expect(() => parseRobotMessage(JSON.stringify(broken))).toThrow(/conversationType/);
  });
});
