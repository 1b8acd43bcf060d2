export * from './locales';
export * from './define';
export { common } from './common';
export { errors } from './errors';
export { home } from './home';
export { forms } from './forms';
export { auth } from './auth';
export { admin } from './admin';
