// The governance chunk's pages (App.tsx loads them on demand).
export { VendorsPage } from './VendorsPage.tsx'
export { ReviewPackPage } from './ReviewPackPage.tsx'
export { IntegrationOverviewPage, IntegrationVendorPage } from './IntegrationPage.tsx'
