"""Coverage reporting for the coordinator: snapshots, dashboard, trend and exports."""
