"""Tasks (填报任务): issuing and following progress."""
