/**
 * A form filled from a record that can change under it (the secretary's own save coming back, a
 * change synced from her other computer or a colleague): the new record replaces the fields she
 * has not touched since the form last took the record, and what she has typed stays.
 *
 * Before, the forms were remounted on every new revision, which threw away whatever was typed
 * between a save and its echo, or while a synced change arrived.
 */
import { useState } from 'react';
import { mergeFromSource } from './merge-form';

/**
 * The form's values, taken from `source` when it first renders and merged (mergeFromSource) each
 * time `revision` changes. `set` changes one field.
 */
export function useSourcedForm<T extends object>(source: T, revision: string | number) {
  const [state, setState] = useState({ form: source, baseline: source, revision });
  // A new revision: merged while rendering (React's pattern for state derived from props: the
  // render is redone with the merged form before anything is shown).
  if (state.revision !== revision) setState((s) => ({ form: mergeFromSource(s.form, s.baseline, source), baseline: source, revision }));
  const set = <K extends keyof T>(k: K, v: T[K]) => setState((s) => ({ ...s, form: { ...s.form, [k]: v } }));
  return { form: state.form, set };
}
