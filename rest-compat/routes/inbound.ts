import { defineRoutes } from '../route';

export const routes = defineRoutes([]);
