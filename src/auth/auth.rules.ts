import { allow } from 'graphql-shield';
import { isAuthenticated } from './rules';

export const authRules = {
  Query: { me: isAuthenticated },
  Mutation: { login: allow, refreshToken: isAuthenticated, changePassword: isAuthenticated },
};
