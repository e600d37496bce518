export { MapHostStorage } from './map-host-storage';
