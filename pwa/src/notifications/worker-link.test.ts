import { describe, expect, it } from 'vitest';
import { taskIdFromPath, unregisterStrayWorkers } from './worker-link';

describe('unregisterStrayWorkers', () => {
  it('unregisters every other scope', async () => {
    const unregistered: string[] = [];
    const registration = (scope: string) =>
      ({
        scope,
        unregister: async () => {
          unregistered.push(scope);
          return true;
        },
      }) as unknown as ServiceWorkerRegistration;
    const container = {
      getRegistrations: async () => [
        registration('https://app.example/'),
        registration('https://app.example/tasks/'),
        registration('https://app.example/old/'),
      ],
    };

    expect(await unregisterStrayWorkers(container, 'https://app.example/')).toBe(2);
    expect(unregistered).toEqual(['https://app.example/tasks/', 'https://app.example/old/']);
  });
});

describe('taskIdFromPath', () => {
  it('reads the task id of a notification link', () => {
    const id = '0b6f1d2e-8a4c-4f3b-9d1e-2c3b4a5d6e7f';
    expect(taskIdFromPath(`/tasks/${id}`)).toBe(id);
    expect(taskIdFromPath(`/tasks/${id.toUpperCase()}/`)).toBe(id);
    expect(taskIdFromPath('/tasks/not-an-id')).toBeNull();
    expect(taskIdFromPath('/')).toBeNull();
  });
});
