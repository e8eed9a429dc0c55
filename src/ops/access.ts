import { conversationKey, type Incoming } from '../incoming.js';
import type { Logger } from '../logger.js';

/** Who may talk to the bot. An empty list allows everyone on that platform. */
export interface AccessOptions {
  allowDirect: boolean;
  slackTeams: string[];
  slackChannels: string[];
  dingtalkConversations: string[];
}

/**
 * `allow`: answer. `outside`: a conversation outside the allow-lists, where the bot stays silent.
 * `direct-off`: a direct message while `ALLOW_DIRECT=false`, answered with one short notice.
 */
export type AccessDecision = 'allow' | 'outside' | 'direct-off';

/**
 * Decides whether a message may be answered. The terminal (`console`, `cli`) is the operator's own
 * seat and is always allowed. Each refused conversation is logged once, not once a message, so a busy
 * channel the bot was invited to by mistake does not flood the log.
 */
export function createAccessPolicy(options: AccessOptions, logger: Logger): (m: Incoming) => AccessDecision {
  const slackTeams = new Set(options.slackTeams);
  const slackChannels = new Set(options.slackChannels);
  const dingtalkConversations = new Set(options.dingtalkConversations);
  const logged = new Set<string>();

  const decide = (m: Incoming): AccessDecision => {
    if (m.platform === 'console' || m.platform === 'cli') return 'allow';
    if (m.isDirect && !options.allowDirect) return 'direct-off';
    if (m.platform === 'slack') {
      if (slackTeams.size > 0 && !(m.teamId && slackTeams.has(m.teamId))) return 'outside';
      if (!m.isDirect && slackChannels.size > 0 && !slackChannels.has(m.conversationId)) return 'outside';
    }
    if (m.platform === 'dingtalk' && !m.isDirect && dingtalkConversations.size > 0) {
      if (!dingtalkConversations.has(m.conversationId)) return 'outside';
    }
    return 'allow';
  };

  return (m) => {
    const decision = decide(m);
    const key = conversationKey(m.platform, m.conversationId);
    if (decision !== 'allow' && !logged.has(key)) {
      logged.add(key);
      logger.warn(
        { conversation: key, team: m.teamId, reason: decision },
        decision === 'outside'
          ? 'ignoring a conversation outside the allow-lists (logged once per conversation)'
          : 'refusing direct messages because ALLOW_DIRECT=false (logged once per conversation)',
      );
    }
    return decision;
  };
}
