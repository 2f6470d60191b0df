export * from './errors';
export * from './events';
export * from './mutators';
export * from './query';
export * from './recurrence';
export * from './sync';
export * from './task';
export * from './time';
