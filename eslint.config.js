// Lint configuration: typescript-eslint's type-checked rules over src, test and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers (docs/architecture.md): the CLI sits on top and nothing below imports it; the deploy library talks to
 * a workspace through a client and never loads the emulator (the CLI starts one). Each entry is a folder name an
 * import path must not go through; static imports and import() alike.
 */
function layer(forbidden) {
  const regex = name => `(^|/)${name}/`;
  const message = name =>
    name === 'cli'
      ? 'only src/cli imports src/cli: move what the core needs to a neutral module (src/errors.ts, src/report/)'
      : `this layer does not import src/${name}/ (see docs/architecture.md)`;
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'yargs', message: 'argument parsing belongs to src/cli' }],
        patterns: forbidden.map(n => ({ regex: regex(n), message: message(n) })),
      },
    ],
    'no-restricted-syntax': [
      'error',
      ...forbidden.map(n => ({
        // esquery's regex literals cannot hold a slash, not even escaped.
        selector: `ImportExpression[source.value=/${regex(n).replaceAll('/', '\\x2F')}/]`,
        message: message(n),
      })),
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'templates/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/prefer-nullish-coalescing': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['test/**', 'scripts/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/cli/**'], rules: layer(['cli']) },
  { files: ['src/deploy/**/*.ts'], rules: layer(['cli', 'emulator']) },
);
