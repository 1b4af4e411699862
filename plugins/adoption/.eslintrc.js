module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  overrides: [
    {
      // the tests run the real cost-insights backend against the sandbox's Cost Explorer
      files: ['src/**/*.test.{ts,tsx}', 'src/__testUtils__/**'],
      rules: { '@backstage/no-mixed-plugin-imports': 'off' },
    },
  ],
});
