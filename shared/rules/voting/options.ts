import { z } from 'zod';
import { lazySchema } from '../../lazy-schema';

/**
 * What choosing an option means for the decision. A yes/no vote has one `for` option (the
 * motion), `against` and `abstain` options; a vote between proposals has `choice` options
 * (one of them is adopted if it reaches the threshold) and may add `abstain`.
 */
export const OptionMeaning = lazySchema(() => z.enum(['for', 'against', 'abstain', 'choice']));
export type OptionMeaning = z.infer<typeof OptionMeaning>;

export const VoteOption = lazySchema(() => z.object({
  id: z.string().trim().min(1).max(64),
  /** Custom wording; absent for the default options, whose label comes from i18n `voting.option.<id>`. */
  label: z.string().trim().min(1).max(300).optional(),
  meaning: OptionMeaning,
}));
export type VoteOption = z.infer<typeof VoteOption>;

export const VoteOptions = lazySchema(() => z
  .array(VoteOption)
  .min(2)
  .max(20)
  .refine((o) => new Set(o.map((x) => x.id)).size === o.length, { message: 'option ids must be unique' })
  .refine(
    (o) => {
      const fors = o.filter((x) => x.meaning === 'for').length;
      const choices = o.filter((x) => x.meaning === 'choice').length;
      // Either a motion (exactly one "for") or a choice between at least two proposals, never both.
      return (fors === 1 && choices === 0) || (fors === 0 && choices >= 2);
    },
    { message: 'a vote is either one motion (one "for" option) or a choice between two or more proposals' },
  )
  .refine((o) => o.every((x) => x.meaning !== 'choice' || x.label !== undefined), { message: 'a proposal needs a label' }));

/** Đồng ý / Không đồng ý / Không biểu quyết. */
export const DEFAULT_VOTE_OPTIONS: readonly VoteOption[] = [
  { id: 'agree', meaning: 'for' },
  { id: 'disagree', meaning: 'against' },
  { id: 'abstain', meaning: 'abstain' },
];

export function isMotion(options: readonly VoteOption[]): boolean {
  return options.some((o) => o.meaning === 'for');
}
