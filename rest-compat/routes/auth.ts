import { ChangePasswordInput, LoginInput } from '../../src/auth/auth.inputs';
import { defineRoutes } from '../route';

export const routes = defineRoutes([
  { method: 'POST', path: '/api/auth/login', auth: 'public', operation: 'Login', input: LoginInput },
  { method: 'GET', path: '/api/auth/me', auth: 'user', operation: 'Me' },
  { method: 'POST', path: '/api/auth/refresh', auth: 'user', operation: 'RefreshToken' },
  { method: 'POST', path: '/api/auth/change-password', auth: 'user', operation: 'ChangePassword', input: ChangePasswordInput },
]);
