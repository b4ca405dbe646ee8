console.log('Benchmarks arrive with the quality-gates work (issue 8).');
