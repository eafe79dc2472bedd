/** The rule-based understanding under the name the core and older tests import. */
export { RuleUnderstanding as LexiconAnalyzer } from './rules.js';
