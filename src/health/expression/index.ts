export type { BinaryOperator, Expression, ParseResult, UnaryOperator } from './parse-expression';
export { expressionVariables, formatExpression, parseExpression } from './parse-expression';
export type { EvalResult } from './evaluate-expression';
export { ALARM_STATUS_VARIABLES, evaluateExpression } from './evaluate-expression';
