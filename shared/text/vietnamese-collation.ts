/**
 * Vietnamese collation (ă after a, đ after d, the tones in their order), made on first use: making
 * an `Intl.Collator` for 'vi' loads ICU's collation data (~10–20 ms), which a process's start
 * (the client services before the first screen's answers) otherwise paid for a list it might
 * not sort for a while.
 */
export function lazyVietnameseCollator(options?: Intl.CollatorOptions): () => Intl.Collator {
  let collator: Intl.Collator | null = null;
  return () => (collator ??= new Intl.Collator('vi', options));
}
