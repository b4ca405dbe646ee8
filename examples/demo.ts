console.log('The demo arrives with the simulator (paybridge/testing). Until then, see README.md.');
