"""kind end-to-end lab: cluster lifecycle, install plan from the rendered kind profile, client helpers."""
