import { ChangePasswordInput, LoginInput } from '../../src/auth/auth.inputs';
import { legacyInput } from '../legacy-input';
import { defineRoutes } from '../route';

export const routes = defineRoutes([
  { method: 'POST', path: '/api/auth/login', auth: 'public', operation: 'Login', input: legacyInput(LoginInput) },
  {
    method: 'GET',
    path: '/api/auth/me',
    auth: 'user',
    operation: 'Me',
    // GraphQL answers the WarehouseFunction enum (RECEIVE); the legacy body has the stored names (receive).
    result: (data) => ({ ...data.me, allowed_functions: (data.me.allowed_functions as string[]).map((f) => f.toLowerCase()) }),
  },
  { method: 'POST', path: '/api/auth/refresh', auth: 'user', operation: 'RefreshToken' },
  { method: 'POST', path: '/api/auth/change-password', auth: 'user', operation: 'ChangePassword', input: legacyInput(ChangePasswordInput) },
]);
