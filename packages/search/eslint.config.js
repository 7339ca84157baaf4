export { default } from '@fieldschool/config/eslint';
