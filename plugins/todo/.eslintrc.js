module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // the tests run the real TODO backend against the sandbox's GitHub
      files: ['src/**/*.test.{ts,tsx}', 'src/__testUtils__/**'],
      rules: { '@backstage/no-mixed-plugin-imports': 'off' },
    },
  ],
});
