import type { Preview } from '@storybook/react-vite';
import '../packages/ui/src/styles.css';
import {
  globalTypes,
  saleschatBeforeEach,
  saleschatLoader,
  withSaleschat,
} from '../packages/ui/storybook/kit';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    // An accessibility violation fails the story's test, in the Vitest run and in the UI. The
    // rules are WCAG 2.2 AA's (axe's tags for A and AA of WCAG 2.0, 2.1 and 2.2).
    a11y: {
      test: 'error',
      options: {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      },
    },
  },
  globalTypes,
  initialGlobals: { theme: 'system', host: 'light', dir: 'ltr', locale: 'en' },
  loaders: [saleschatLoader],
  beforeEach: saleschatBeforeEach,
  decorators: [withSaleschat],
};

export default preview;
