import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { LanyardActions } from './actions';
import type { AppModel } from './app-model';
import type { LanyardState } from './lanyard-store';

const AppModelContext = createContext<AppModel | null>(null);

export function AppModelProvider({ model, children }: { model: AppModel; children: ReactNode }) {
  return <AppModelContext.Provider value={model}>{children}</AppModelContext.Provider>;
}

function useAppModel(): AppModel {
  const model = useContext(AppModelContext);
  if (!model) throw new Error('useLanyard needs an <AppModelProvider> above it');
  return model;
}

/** Reads from the store; the component re-renders when the selected value changes. Select small, stable values. */
export function useLanyard<T>(selector: (state: LanyardState) => T): T {
  return useStore(useAppModel().store, selector);
}

export function useActions(): LanyardActions {
  return useAppModel().actions;
}
