export { TodoContent } from './TodoContent';
