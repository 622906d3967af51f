export { startStack, type Stack, type StackOptions } from './start-stack';
