/**
 * The committee's decision rules engine: pure, environment-free, configured by DecisionRules.
 * Server (vote close, written opinion summary), services and renderer all use this one copy.
 */
export * from './rules';
export * from './options';
export * from './quorum';
export * from './tally';
export * from './written-opinions';
export * from './working-days';
export * from './explain';
export * from './deputies';
export * from './legal-basis';
