import { version as reactVersion } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { describe, expect, it } from 'vitest';

describe('test setup', () => {
  it('runs against the React major its Vitest project targets', ({ task }) => {
    const major = task.file.projectName === 'jsdom-react18' ? '18' : '19';
    expect(reactVersion.split('.')[0]).toBe(major);
    expect(reactDomVersion).toBe(reactVersion);
  });
});
