export { walkingSkeleton } from './skeleton/walking-skeleton';
