export { handleScepHttp } from './http-adapter';
export {
  ScepService,
  type ScepChallengeCheck,
  type ScepRequest,
  type ScepResponse,
  type ScepServiceOptions,
  type ScepTransactionStore,
} from './scep-service';
