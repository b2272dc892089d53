export * from './booking';
export * from './courses';
export * from './finish';
export * from './quiz';
export { promote, releaseSeat, takeSeat } from './seats';
export { payBooking, PAY_PURPOSE } from './payment';
