import { Cron } from 'croner';
import { z } from 'zod';
import { CONVERSATION_KEY } from '../incoming.js';
import type { Directive } from '../knowledge/directive.js';
import type { KnowledgeError } from '../knowledge/knowledge-error.js';
import { KnowledgeError as ProblemAt } from '../knowledge/knowledge-error.js';
import { parseYaml } from '../knowledge/yaml-file.js';
import { type Owner, parseConversationKey, parsePersonKey } from '../supervision/owners.js';
import { isValidDate, type LocalDate } from './zoned-time.js';

/**
 * `knowledge/deadlines.yaml`: deadlines as data, each quoting the sentence of a directive it comes from.
 *
 * @example
 * deadlines:
 *   - id: year-end-review
 *     title: 年底查漏补缺
 *     due: "12-31"               # or "2026-12-20", or "春节" / "春节-7d" / "spring-festival"
 *     cite: 查漏补缺,特别是一些办实事的项目要做到位   # or a ref: speech-2018-17th-congress#3.3.p2.s1
 *     remind: { before: [30d, 7d, 1d], at: "09:00", cron: "0 9 * 12 1" }
 *     to: [slack:C0123ABCD, dingtalk:cidAbC123==]
 *     set_by_admin: true          # the directive names no date; an admin chose it
 *     note: 讲话未写明具体日期
 *     owners: [dingtalk:manager1234, { id: slack:U0123ABCD, name: 张伟 }, { conversation: dingtalk:cidAbC123== }]
 *     chase: [3d, 1d]             # follow-ups to the owners not yet done, at remind.at
 */

/** When a deadline falls. Yearly and Spring-Festival deadlines recur, so the shipped file works in any year. */
export type Due =
  | { kind: 'date'; date: LocalDate }
  | { kind: 'yearly'; month: number; day: number }
  /** The first day of the lunar year (正月初一), moved by `offsetDays` (negative: before it). */
  | { kind: 'spring-festival'; offsetDays: number };

/** The sentence a deadline quotes, resolved at load time so a reminder can always cite it. */
export interface DeadlineSource {
  doc: string;
  docTitle: string;
  ref: string;
  label: string;
  /** The whole sentence, verbatim. */
  sentence: string;
  /** The verbatim quote the file gave, when it gave one rather than a ref. */
  quote: string | undefined;
}

export interface Deadline {
  id: string;
  title: string;
  due: Due;
  /** `due` as written in the file, for previews and error messages. */
  dueText: string;
  cite: DeadlineSource;
  remind: {
    /** Days before the due date, e.g. 30, 7, 1 (0 is the due day itself). */
    daysBefore: number[];
    /** Wall-clock time of the `daysBefore` reminders, in the configured zone. */
    at: { hour: number; minute: number };
    /** croner patterns, evaluated in the configured zone. */
    cron: string[];
  };
  /** `platform:conversationId` targets besides the subscribed conversations. */
  to: string[];
  note: string | undefined;
  /** The directive names no date: an admin chose it, and replies say so. */
  isSetByAdmin: boolean;
  /**
   * Who answers for it (督办). Empty: everyone who answers in its conversations counts, as if each
   * target were a conversation owner.
   */
  owners: Owner[];
  /** Days before the due date on which owners not yet done are chased (催办), at `remind.at`; longest first. */
  chaseDaysBefore: number[];
}

/** Reminders a deadline gets when the file says nothing: a week ahead and the day before, at 09:00. */
export const DEFAULT_REMIND = { daysBefore: [7, 1], at: { hour: 9, minute: 0 }, cron: [] as string[] };

const SPRING_FESTIVAL = /^(?:春节|spring-festival)(?:\s*([+-])\s*(\d{1,3})d)?$/i;
const REF = /^[^\s#]+#[\w.]+$/;

function parseDue(text: string): Due | string {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isValidDate(year, month, day)) return `due "${text}" is not a calendar date (expected e.g. "2026-12-20")`;
    return { kind: 'date', date: { year, month, day } };
  }
  m = /^(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) {
    const [month, day] = [Number(m[1]), Number(m[2])];
    // 2024 is a leap year, so "02-29" passes here; occurrences move it to 02-28 in other years.
    if (!isValidDate(2024, month, day)) return `due "${text}" is not a month-day (expected e.g. "12-31")`;
    return { kind: 'yearly', month, day };
  }
  m = SPRING_FESTIVAL.exec(t);
  if (m) {
    const days = m[2] ? Number(m[2]) : 0;
    return { kind: 'spring-festival', offsetDays: m[1] === '-' ? -days : days };
  }
  return `due "${text}" is not a date (expected "2026-12-20", a yearly "12-31", or "春节"/"春节-7d")`;
}

/** Every sentence of every directive, by ref, and in reading order for quote look-ups. */
function sentenceIndex(directives: Directive[]) {
  const all: Array<Omit<DeadlineSource, 'quote'>> = [];
  for (const d of directives) {
    for (const p of d.paragraphs) {
      for (const s of p.sentences) {
        all.push({ doc: d.id, docTitle: d.title, ref: s.ref, label: s.label, sentence: s.text });
      }
    }
  }
  return { byRef: new Map(all.map((s) => [s.ref, s])), all };
}

/** A single value or a list of them; not a union, so a bad entry reports its own message rather than "Invalid input". */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item));
}

function deadlinesSchema(directives: Directive[]) {
  const sentences = sentenceIndex(directives);
  const exampleRef = sentences.all[0]?.ref ?? 'speech#1.p1.s1';

  const unknownField =
    (known: string[]) =>
    (issue: { code?: string; keys?: string[] }): string | undefined =>
      issue.code === 'unrecognized_keys'
        ? `unknown field "${issue.keys?.[0]}" (known fields: ${known.join(', ')})`
        : undefined;

  const text = (what: string, example: string) =>
    z
      .string({ error: `${what} must be text (e.g. "${example}")` })
      .refine((v) => v.trim() !== '', { error: `${what} must not be blank (e.g. "${example}")` });

  const due = z.string({ error: 'due must be quoted text (e.g. "12-31")' }).transform((v, ctx) => {
    const parsed = parseDue(v);
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return { value: parsed, text: v.trim() };
  });

  const cite = z.string({ error: 'cite must be a sentence ref or a verbatim quote' }).transform((v, ctx) => {
    const wanted = v.trim();
    if (REF.test(wanted)) {
      const found = sentences.byRef.get(wanted);
      if (found) return { ...found, quote: undefined };
      ctx.addIssue({
        code: 'custom',
        message: `no sentence has the ref "${wanted}" (run "directive-bot outline --json" to see refs, e.g. "${exampleRef}")`,
      });
      return z.NEVER;
    }
    const found = sentences.all.find((s) => s.sentence.includes(wanted));
    if (found && wanted !== '') return { ...found, quote: wanted };
    ctx.addIssue({
      code: 'custom',
      message: `the quote "${wanted}" is not in any directive (copy it verbatim from within one sentence, or cite a ref such as "${exampleRef}")`,
    });
    return z.NEVER;
  });

  const days = (field: string) =>
    z
      .string({ error: `${field} must be a list of days such as "7d"` })
      .regex(/^\d{1,3}d$/, { error: `${field} entries must be days before the due date (e.g. "30d", "7d", "1d")` })
      .transform((v) => Number(v.slice(0, -1)));
  const daysBefore = days('before');

  const personKey = z.string({ error: 'an owner is "platform:userId" text' }).transform((v, ctx) => {
    const parsed = parsePersonKey(v.trim());
    if (typeof parsed === 'string') {
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    }
    return parsed;
  });
  const ownerFields = ['id', 'name', 'conversation'];
  const personOwner = personKey.transform(
    (p): Owner => ({ kind: 'person', key: `${p.platform}:${p.userId}`, ...p, name: undefined }),
  );
  const namedOwner = z
    .strictObject({ id: personKey, name: text('name', '张伟').optional() }, { error: unknownField(ownerFields) })
    .transform(
      ({ id, name }): Owner => ({ kind: 'person', key: `${id.platform}:${id.userId}`, ...id, name: name?.trim() }),
    );
  const conversationOwner = z
    .strictObject(
      {
        conversation: z.string({ error: 'conversation must be platform:conversationId' }).transform((v, ctx) => {
          const problem = parseConversationKey(v.trim());
          if (problem) {
            ctx.addIssue({ code: 'custom', message: problem });
            return z.NEVER;
          }
          return v.trim();
        }),
      },
      { error: unknownField(ownerFields) },
    )
    .transform(({ conversation }): Owner => ({ kind: 'conversation', target: conversation }));
  // Picked by shape rather than a union, so a malformed id reports its own message, not "Invalid input".
  const owner = z.unknown().transform((v, ctx): Owner => {
    const isObject = typeof v === 'object' && v !== null && !Array.isArray(v);
    if (typeof v !== 'string' && !isObject) {
      ctx.addIssue({
        code: 'custom',
        message:
          'an owner is "platform:userId", { id: platform:userId, name: 名字 } or { conversation: platform:conversationId }',
      });
      return z.NEVER;
    }
    const schema =
      typeof v === 'string' ? personOwner : 'conversation' in (v as object) ? conversationOwner : namedOwner;
    const parsed = schema.safeParse(v);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  });

  const timeOfDay = z
    .string({ error: 'at must be a quoted time of day (e.g. "09:00")' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'at must be a time of day as HH:MM (e.g. "09:00")' })
    .transform((v) => ({ hour: Number(v.slice(0, 2)), minute: Number(v.slice(3)) }));

  const cronPattern = z.string().transform((v, ctx) => {
    try {
      new Cron(v, { paused: true }).stop();
      return v;
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: `cron "${v}" is not a cron pattern (e.g. "0 9 * 12 1", every Monday in December at 09:00): ${(e as Error).message}`,
      });
      return z.NEVER;
    }
  });

  const remindFields = ['before', 'at', 'cron'];
  const remind = z
    .strictObject(
      {
        before: z.array(daysBefore).optional(),
        at: timeOfDay.optional(),
        cron: oneOrMany(cronPattern).optional(),
      },
      { error: unknownField(remindFields) },
    )
    .refine((r) => r.before !== undefined || r.cron !== undefined, {
      error: 'remind needs "before" (e.g. [7d, 1d]) or "cron" (e.g. "0 9 * 12 1")',
    })
    .transform((r) => ({
      daysBefore: [...new Set(r.before ?? [])].sort((a, b) => b - a),
      at: r.at ?? DEFAULT_REMIND.at,
      cron: r.cron ?? [],
    }));

  const target = z.string().regex(CONVERSATION_KEY, {
    error: 'to must be platform:conversationId (e.g. "slack:C0123ABCD" or "dingtalk:cidAbC123==")',
  });

  const deadlineFields = ['id', 'title', 'due', 'cite', 'remind', 'to', 'note', 'set_by_admin', 'owners', 'chase'];
  const deadline = z
    .strictObject(
      {
        id: z.string({ error: 'id is required (e.g. "year-end-review")' }).regex(/^[a-z0-9][a-z0-9-]*$/, {
          error: 'id must be lowercase letters, digits and dashes (e.g. "year-end-review")',
        }),
        title: text('title', '年底查漏补缺'),
        due,
        cite,
        remind: remind.optional(),
        to: oneOrMany(target).optional(),
        note: text('note', '讲话未写明具体日期').optional(),
        set_by_admin: z.boolean({ error: 'set_by_admin must be true or false' }).optional(),
        owners: oneOrMany(owner).optional(),
        chase: z.array(days('chase'), { error: 'chase must be a list of days such as [3d, 1d]' }).optional(),
      },
      { error: unknownField(deadlineFields) },
    )
    .transform(
      (d): Deadline => ({
        id: d.id,
        title: d.title.trim(),
        due: d.due.value,
        dueText: d.due.text,
        cite: d.cite,
        remind: d.remind ?? DEFAULT_REMIND,
        to: d.to ?? [],
        note: d.note?.trim(),
        isSetByAdmin: d.set_by_admin ?? false,
        owners: uniqueOwners(d.owners ?? []),
        chaseDaysBefore: [...new Set(d.chase ?? [])].sort((a, b) => b - a),
      }),
    );

  return z
    .strictObject(
      { deadlines: z.array(deadline, { error: 'deadlines must be a list of entries' }).nullish() },
      { error: unknownField(['deadlines']) },
    )
    .superRefine((file, ctx) => {
      const seen = new Set<string>();
      (file.deadlines ?? []).forEach((d, i) => {
        if (seen.has(d.id)) {
          ctx.addIssue({ code: 'custom', path: ['deadlines', i, 'id'], message: `id "${d.id}" is used twice` });
        }
        seen.add(d.id);
      });
    });
}

/** The same person or conversation listed twice counts once; the first entry with a name gives it. */
function uniqueOwners(owners: Owner[]): Owner[] {
  const byKey = new Map<string, Owner>();
  for (const o of owners) {
    const key = o.kind === 'person' ? o.key : `conversation ${o.target}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, o);
    else if (seen.kind === 'person' && o.kind === 'person' && !seen.name) byKey.set(key, { ...seen, name: o.name });
  }
  return [...byKey.values()];
}

/**
 * Parses and validates `deadlines.yaml` against the loaded directives. Every problem comes back as
 * `deadlines.yaml:14: due: due "13-45" is not a month-day (expected e.g. "12-31")`.
 * A file with no `deadlines:` list at all (empty, or only comments) is valid but comes with a warning:
 * it stops every reminder, which is rarely what the admin meant. `deadlines: []` says it on purpose.
 */
export function parseDeadlines(
  text: string,
  file: string,
  directives: Directive[],
): { value: Deadline[]; warning?: string } | { errors: KnowledgeError[] } {
  const parsed = parseYaml(text, file, deadlinesSchema(directives));
  if ('errors' in parsed) {
    // The line already places the entry; "deadlines.3.due: …" reads better as "due: …".
    return {
      errors: parsed.errors.map((e) => new ProblemAt(e.file, e.line, e.detail.replace(/^deadlines\.\d+(?:\.|: )/, ''))),
    };
  }
  if (parsed.value.deadlines == null) {
    return {
      value: [],
      warning: `${file}: has no "deadlines:" list, so no reminder will be sent (write "deadlines: []" if that is meant)`,
    };
  }
  return { value: parsed.value.deadlines };
}
