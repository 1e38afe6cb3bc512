// The app's routes. Later issues add their areas here (box office, gate, …).
import type { RouteObject } from 'react-router';
import { NotFoundPage } from './pages/NotFoundPage';
import { StartPage } from './pages/StartPage';

export const routes: RouteObject[] = [
  { path: '/', element: <StartPage /> },
  { path: '*', element: <NotFoundPage /> },
];
