export { createGatewayApp, type GatewayApp } from './app/create-gateway-app.ts'
export type { GatewayDeps, GatewayContext } from './context.ts'
export type { Viewer } from './auth/viewer.ts'
export { GatewayConfig, loadGatewayConfig } from './config.ts'
