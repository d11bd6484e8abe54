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
    // An accessibility violation fails the story's test, in the Vitest run and in the UI.
    a11y: { test: 'error' },
  },
  globalTypes,
  initialGlobals: { theme: 'light', dir: 'ltr', locale: 'en' },
  loaders: [saleschatLoader],
  beforeEach: saleschatBeforeEach,
  decorators: [withSaleschat],
};

export default preview;
